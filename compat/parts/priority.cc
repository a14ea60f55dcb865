// compat/parts/priority.cc: placeholder until its owner lands it
