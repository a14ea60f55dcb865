// compat/parts/extension.cc: placeholder until its owner lands it
