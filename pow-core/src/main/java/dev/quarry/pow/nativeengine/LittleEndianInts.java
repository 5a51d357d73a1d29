package dev.quarry.pow.nativeengine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** int32 fields of the native records, which are little-endian like the header fields. */
final class LittleEndianInts {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndianInts() {
    }

    static void put(byte[] b, int off, int v) {
        INT_LE.set(b, off, v);
    }

    static int get(byte[] b, int off) {
        return (int) INT_LE.get(b, off);
    }
}
