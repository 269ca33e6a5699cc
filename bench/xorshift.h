/* xorshift.h: the benchmark generators' random numbers, the same every run */
#ifndef XORSHIFT_H
#define XORSHIFT_H

#include <stdint.h>

static uint64_t rng = 88172645463325252ULL;	/* xorshift64 state */

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#endif /* XORSHIFT_H */
