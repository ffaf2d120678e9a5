/* fuzz_image.c - attachment scans from the scanner folder are files anyone
 * can drop there: imagecheck_buffer on any bytes. An accepted scan is a JPEG,
 * BMP or GIF by its magic bytes, no bigger than the limit, with a positive
 * size in pixels; a refusal is a Chinese message, UTF-8 and free of controls. */
#include "fuzz.h"

#include "core/imagecheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	char *why;
	char buf[32];

	memset(&info, 0, sizeof(info));
	why = imagecheck_buffer(data, size, &info);
	if (why) {
		FUZZ_CHECK(*why && fuzz_utf8_str(why), "refusal message empty or not UTF-8");
		FUZZ_CHECK(!fuzz_has_unsafe(why), "refusal message holds a control character: %s", why);
		free(why);
	} else {
		FUZZ_CHECK(info.type != IMAGE_NONE && info.type == image_type_by_magic(data, size),
			   "accepted type %d, magic says %d", info.type, image_type_by_magic(data, size));
		FUZZ_CHECK(info.mime && !strcmp(info.mime, image_type_mime(info.type)), "mime %s", info.mime);
		FUZZ_CHECK(info.width > 0 && info.height > 0, "size %dx%d", info.width, info.height);
		FUZZ_CHECK(size > 0 && (long)size <= IMAGECHECK_MAX_BYTES, "%zu bytes accepted", size);
	}
	/* the digit grouping used in its messages, on the input's first bytes */
	if (size >= 8) {
		long long v;

		memcpy(&v, data, sizeof(v));
		imagecheck_group_digits(v, buf, sizeof(buf));
		FUZZ_CHECK(strlen(buf) <= 26 && strspn(buf, "-0123456789,") == strlen(buf), "grouped \"%s\"", buf);
	}
	return 0;
}
