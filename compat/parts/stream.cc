// compat/parts/stream.cc: placeholder until its owner lands it
