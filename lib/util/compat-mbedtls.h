/*
 * compat-mbedtls.h: libgit2 started without reading the system CA
 * bundle (compat-mbedtls.c).
 */
#ifndef GITISSUE_UTIL_COMPAT_MBEDTLS_H
#define GITISSUE_UTIL_COMPAT_MBEDTLS_H

/*
 * Does nothing. gi_libgit2_init calls it so that the linker takes
 * compat-mbedtls.o from libgitissue.a into every executable: nothing else
 * refers to the file, and an archive member nobody refers to is left out.
 */
void gi_compat_mbedtls_keep(void);

#endif
