/* CPU detection and back-end selection. Nothing here is compiled for SHA-NI, so the library
 * loads and runs the portable path on any x86-64 CPU. */
#include "qsha.h"

#if defined(QSHA_HAVE_X86)
#include <cpuid.h>
#endif

qsha_compress1_fn qsha_compress1 = qsha_compress_portable;
qsha_compress2_fn qsha_compress2 = qsha_compress2_portable;
static int current_engine = QSHA_ENGINE_PORTABLE;

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
        current_engine = QSHA_ENGINE_PORTABLE;
        return current_engine;
    }
#if defined(QSHA_HAVE_X86)
    if (qsha_cpu_has_shani()) {
        qsha_compress1 = qsha_compress_shani;
        qsha_compress2 = qsha_compress2_shani;
        current_engine = QSHA_ENGINE_SHANI;
        return current_engine;
    }
#endif
    if (requested == QSHA_ENGINE_SHANI) return -1;
    return qsha_select_engine(QSHA_ENGINE_PORTABLE);
}

int qsha_engine(void) { return current_engine; }
