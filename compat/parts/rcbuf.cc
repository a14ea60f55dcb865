// compat/parts/rcbuf.cc: placeholder until its owner lands it
