// compat/parts/callbacks.cc: placeholder until its owner lands it
