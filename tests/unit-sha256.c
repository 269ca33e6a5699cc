/* unit-sha256.c: vigil's own SHA-256 against FIPS 180-4's examples and libcrypto */
#include "vigil.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static const char *
hex_of(const void *p, size_t n)
{
	static char	hex[VG_SHA256_HEX];
	unsigned char	md[32];

	vg_sha256(p, n, md);
	vg_hex(md, sizeof(md), hex);
	return hex;
}

int
main(void)
{
	unsigned char	*buf, md[EVP_MAX_MD_SIZE], mine[32];
	unsigned int	 mdlen;
	uint32_t	 x = 2463534242u;
	size_t		 n, bad = 0, first = 0;

	/* FIPS 180-4's examples, and the empty text */
	is_str(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855", "empty");
	is_str(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad", "abc");
	is_str(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56), "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1", "56 bytes: the length"
	    " takes a block of its own");
	buf = xmalloc(1000000);
	memset(buf, 'a', 1000000);
	is_str(hex_of(buf, 1000000), "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0", "a million a's");

	/* every length around the block boundaries, beside libcrypto */
	for (n = 0; n < 1000000; n++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[n] = (unsigned char)x;
	}
	for (n = 0; n <= 1100; n++) {
		vg_sha256(buf, n, mine);
		EVP_Digest(buf, n, md, &mdlen, EVP_sha256(), NULL);
		if (mdlen != 32 || memcmp(md, mine, 32) != 0) {
			if (bad++ == 0)
				first = n;
		}
	}
	ok(bad == 0, "lengths 0 to 1100 of random bytes: as libcrypto's"
	    " (%zu differ, the first of %zu bytes)", bad, first);
	free(buf);
	return tap_done();
}
