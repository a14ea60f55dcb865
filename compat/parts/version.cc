// compat/parts/version.cc: placeholder until its owner lands it
