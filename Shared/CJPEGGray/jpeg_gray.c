#include "jpeg_gray.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

struct error_manager {
    struct jpeg_error_mgr base;
    jmp_buf jump;
};

static void on_error(j_common_ptr info) {
    longjmp(((struct error_manager *)info->err)->jump, 1);
}

static void silent(j_common_ptr info) { (void)info; }

int jpeg_gray_decode(const unsigned char *data, size_t size, unsigned min_side,
                     unsigned char **pixels, unsigned *width, unsigned *height) {
    struct jpeg_decompress_struct info;
    struct error_manager error;
    unsigned char *volatile buffer = NULL;
    *pixels = NULL;
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = on_error;
    error.base.output_message = silent;
    if (setjmp(error.jump)) {
        jpeg_destroy_decompress(&info);
        free(buffer);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) longjmp(error.jump, 1);
    info.out_color_space = JCS_GRAYSCALE;
    info.scale_num = 1;
    info.scale_denom = 1;
    while (info.scale_denom < 8 && info.image_width / (info.scale_denom * 2) >= min_side
           && info.image_height / (info.scale_denom * 2) >= min_side) {
        info.scale_denom *= 2;
    }
    jpeg_start_decompress(&info);
    size_t stride = info.output_width;
    buffer = malloc(stride * info.output_height);
    if (buffer == NULL) longjmp(error.jump, 1);
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    *width = info.output_width;
    *height = info.output_height;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    *pixels = buffer;
    return 0;
}

int jpeg_gray_encode(const unsigned char *pixels, unsigned width, unsigned height, int components,
                     int quality, unsigned char **out, size_t *out_size) {
    struct jpeg_compress_struct info;
    struct error_manager error;
    unsigned char *volatile result = NULL;
    unsigned long result_size = 0;
    *out = NULL;
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = on_error;
    error.base.output_message = silent;
    if (setjmp(error.jump)) {
        jpeg_destroy_compress(&info);
        free(result);
        return -1;
    }
    jpeg_create_compress(&info);
    unsigned char *target = NULL;
    jpeg_mem_dest(&info, &target, &result_size);
    info.image_width = width;
    info.image_height = height;
    info.input_components = components;
    info.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    size_t stride = (size_t)width * (size_t)components;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + stride * info.next_scanline);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    result = target;
    jpeg_destroy_compress(&info);
    *out = result;
    *out_size = result_size;
    return 0;
}

void jpeg_gray_free(void *pointer) { free(pointer); }
