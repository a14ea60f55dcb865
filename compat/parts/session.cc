// compat/parts/session.cc: placeholder until its owner lands it
