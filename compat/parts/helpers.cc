// compat/parts/helpers.cc: placeholder until its owner lands it
