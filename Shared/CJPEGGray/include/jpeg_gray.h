#ifndef JPEG_GRAY_H
#define JPEG_GRAY_H
#include <stddef.h>

/* Our own small wrapper over libjpeg (Debian libjpeg62-turbo): libjpeg reports errors by
 * longjmp-ing out of its error handler, which Swift cannot do, so decoding and encoding run
 * here and return 0 on success or -1 when the data is not a JPEG libjpeg can read. */

/* Decodes `data` to 8-bit grayscale, shrunk by libjpeg's DCT scaling so that neither side is
 * below `min_side` (when the image allows). On success `*pixels` is malloc'ed (free with
 * jpeg_gray_free), `*width` × `*height` bytes, row by row. */
int jpeg_gray_decode(const unsigned char *data, size_t size, unsigned min_side,
                     unsigned char **pixels, unsigned *width, unsigned *height);

/* Encodes 8-bit grayscale (components 1) or RGB (components 3) pixels as a baseline JPEG of
 * `quality` (1…100). `*out` is malloc'ed (free with jpeg_gray_free). */
int jpeg_gray_encode(const unsigned char *pixels, unsigned width, unsigned height, int components,
                     int quality, unsigned char **out, size_t *out_size);

void jpeg_gray_free(void *pointer);
#endif
