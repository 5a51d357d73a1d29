package dev.quarry.simulate;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM (the load generator), so every figure can carry its own cost beside it. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
