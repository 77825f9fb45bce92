#ifndef CHARU_SHIM_H
#define CHARU_SHIM_H
#include <hpdf.h>
#endif
