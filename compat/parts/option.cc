// compat/parts/option.cc: placeholder until its owner lands it
