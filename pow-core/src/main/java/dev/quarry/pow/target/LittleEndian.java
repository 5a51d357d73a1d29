package dev.quarry.pow.target;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads little-endian longs from byte arrays (a VarHandle view: one bounds check, compiled to a plain load). */
final class LittleEndian {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static long readLong(byte[] b, int off) {
        return (long) LONG_LE.get(b, off);
    }
}
