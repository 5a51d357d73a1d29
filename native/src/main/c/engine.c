/* CPU detection and back-end selection. Nothing here is compiled for SHA-NI, so the library
 * loads and runs the portable path on any x86-64 CPU. */
#include "qsha.h"

#if defined(QSHA_HAVE_X86)
#include <cpuid.h>
#endif

qsha_compress1_fn qsha_compress1 = qsha_compress_portable;
qsha_compress2_fn qsha_compress2 = qsha_compress2_portable;
qsha_fin32_fn qsha_fin32 = qsha_fin32_portable;
qsha_fin32x2_fn qsha_fin32x2 = qsha_fin32x2_portable;
qsha_d64_fn qsha_d64 = qsha_d64_portable;
qsha_d64x2_fn qsha_d64x2 = qsha_d64x2_portable;
qsha_d80_fn qsha_d80 = qsha_d80_portable;
qsha_d80x2_fn qsha_d80x2 = qsha_d80x2_portable;
qsha_run16_fn qsha_run16 = NULL;
qsha_share1_fn qsha_share1 = NULL;
static int current_engine = QSHA_ENGINE_PORTABLE;

int qsha_cpu_has_avx512f(void) {
#if defined(QSHA_HAVE_X86)
    unsigned int eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!((ecx >> 27) & 1)) return 0;  /* OSXSAVE: the OS manages extended state */
    unsigned int xlo, xhi;
    __asm__ volatile("xgetbv" : "=a"(xlo), "=d"(xhi) : "c"(0));
    (void)xhi;
    if ((xlo & 0xE6) != 0xE6) return 0;  /* SSE, AVX, opmask and both ZMM state parts enabled */
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx >> 16) & 1;
#else
    return 0;
#endif
}

int qsha_batch_lanes(void) {
    if (qsha_run16 != NULL) return 16;
    return current_engine == QSHA_ENGINE_SHANI ? 2 : 1;
}

int qsha_cpu_has_shani(void) {
#if defined(QSHA_HAVE_X86)
    unsigned int eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
#else
    return 0;
#endif
}

int qsha_select_engine(int requested) {
    if (requested == QSHA_ENGINE_PORTABLE) {
        qsha_compress1 = qsha_compress_portable;
        qsha_compress2 = qsha_compress2_portable;
        qsha_fin32 = qsha_fin32_portable;
        qsha_fin32x2 = qsha_fin32x2_portable;
        qsha_d64 = qsha_d64_portable;
        qsha_d64x2 = qsha_d64x2_portable;
        qsha_d80 = qsha_d80_portable;
        qsha_d80x2 = qsha_d80x2_portable;
        qsha_run16 = NULL;
        qsha_share1 = NULL;
        current_engine = QSHA_ENGINE_PORTABLE;
        return current_engine;
    }
#if defined(QSHA_HAVE_X86)
    if (qsha_cpu_has_shani()) {
        qsha_compress1 = qsha_compress_shani;
        qsha_compress2 = qsha_compress2_shani;
        qsha_fin32 = qsha_fin32_shani;
        qsha_fin32x2 = qsha_fin32x2_shani;
        qsha_d64 = qsha_d64_shani;
        qsha_d64x2 = qsha_d64x2_shani;
        qsha_d80 = qsha_d80_shani;
        qsha_d80x2 = qsha_d80x2_shani;
        /* batches: 16 AVX-512 lanes (about twice the throughput of paired SHA-NI here) */
        qsha_run16 = qsha_cpu_has_avx512f() ? qsha_run16_avx512 : NULL;
        qsha_share1 = qsha_share1_shani;
        current_engine = QSHA_ENGINE_SHANI;
        return current_engine;
    }
#endif
    if (requested == QSHA_ENGINE_SHANI) return -1;
    return qsha_select_engine(QSHA_ENGINE_PORTABLE);
}

int qsha_engine(void) { return current_engine; }
