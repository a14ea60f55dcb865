// compat/parts/session_query.cc: placeholder until its owner lands it
