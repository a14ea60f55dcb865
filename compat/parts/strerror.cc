// compat/parts/strerror.cc: placeholder until its owner lands it
