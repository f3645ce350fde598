/*
 * compat-mbedtls.c: an override of one mbedTLS function, so that
 * libgit2's start-up does not parse the system CA bundle
 * (compat-mbedtls.h).
 *
 * libgit2 parses the system CA bundle with mbedTLS inside git_libgit2_init
 * (about 4 ms of a 7 ms start on Debian 12). The suite never uses libgit2's
 * own transports: the network goes through the user's git and libcurl. So
 * executables that link this library answer that one call themselves; the
 * interposed definition wins over libmbedx509's for libgit2's call. With a
 * libgit2 built on OpenSSL or without TLS the symbol is simply unused.
 */
#include "util/compat-mbedtls.h"

struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path);
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

void gi_compat_mbedtls_keep(void)
{
}
