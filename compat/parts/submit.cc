// compat/parts/submit.cc: placeholder until its owner lands it
