#ifndef CFREETYPE_SHIM_H
#define CFREETYPE_SHIM_H
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
/* FT_LOAD_NO_SCALE is a macro Swift does not import. */
static const int shim_FT_LOAD_NO_SCALE = FT_LOAD_NO_SCALE;
#endif
