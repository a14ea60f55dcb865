// compat/parts/hd.cc: placeholder until its owner lands it
