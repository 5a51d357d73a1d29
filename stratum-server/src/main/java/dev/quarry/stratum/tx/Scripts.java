package dev.quarry.stratum.tx;

import java.io.ByteArrayOutputStream;

/** Script helpers that must match Bitcoin Core exactly: integer pushes (BIP34) and legacy sigop counting. */
public final class Scripts {
    public static final int OP_0 = 0x00;
    public static final int OP_PUSHDATA1 = 0x4c;
    public static final int OP_PUSHDATA2 = 0x4d;
    public static final int OP_PUSHDATA4 = 0x4e;
    public static final int OP_1NEGATE = 0x4f;
    public static final int OP_1 = 0x51;
    public static final int OP_16 = 0x60;
    public static final int OP_RETURN = 0x6a;
    public static final int OP_CHECKSIG = 0xac;
    public static final int OP_CHECKSIGVERIFY = 0xad;
    public static final int OP_CHECKMULTISIG = 0xae;
    public static final int OP_CHECKMULTISIGVERIFY = 0xaf;
    /** Legacy counting charges the maximum number of keys for every (un-analysed) CHECKMULTISIG. */
    public static final int MAX_PUBKEYS_PER_MULTISIG = 20;

    private Scripts() {
    }

    /** CScriptNum serialization: minimal little-endian magnitude with the sign in the top bit. */
    public static byte[] scriptNum(long value) {
        if (value == 0) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean negative = value < 0;
        long abs = Math.abs(value);
        while (abs != 0) {
            out.write((int) (abs & 0xff));
            abs >>>= 8;
        }
        byte[] b = out.toByteArray();
        if ((b[b.length - 1] & 0x80) != 0) {
            byte[] ext = new byte[b.length + 1];
            System.arraycopy(b, 0, ext, 0, b.length);
            ext[b.length] = (byte) (negative ? 0x80 : 0x00);
            return ext;
        } else if (negative) {
            b[b.length - 1] |= (byte) 0x80;
        }
        return b;
    }

    /**
     * {@code CScript() << n} as Bitcoin Core writes it: OP_0 for 0, OP_1NEGATE/OP_1..OP_16 for -1 and
     * 1..16, otherwise a direct push of the CScriptNum bytes. This is exactly what the BIP34 check
     * (bad-cb-height) compares the start of the coinbase scriptSig with.
     */
    public static byte[] pushInt(long n) {
        if (n == 0) return new byte[] {OP_0};
        if (n == -1) return new byte[] {OP_1NEGATE};
        if (n >= 1 && n <= 16) return new byte[] {(byte) (OP_1 + n - 1)};
        byte[] num = scriptNum(n);
        byte[] out = new byte[num.length + 1];
        out[0] = (byte) num.length; // at most 9 bytes: always a direct push opcode
        System.arraycopy(num, 0, out, 1, num.length);
        return out;
    }

    /**
     * Bitcoin Core's {@code CScript::GetSigOpCount(false)}: CHECKSIG(VERIFY) counts 1, CHECKMULTISIG(VERIFY)
     * counts 20; pushed data is skipped; parsing stops at the first malformed push.
     */
    public static int legacySigOps(byte[] script) {
        int n = 0;
        int i = 0;
        while (i < script.length) {
            int op = script[i++] & 0xff;
            if (op >= 0x01 && op < OP_PUSHDATA1) {
                if (script.length - i < op) break;
                i += op;
            } else if (op == OP_PUSHDATA1) {
                if (script.length - i < 1) break;
                int len = script[i] & 0xff;
                i += 1;
                if (script.length - i < len) break;
                i += len;
            } else if (op == OP_PUSHDATA2) {
                if (script.length - i < 2) break;
                int len = (script[i] & 0xff) | (script[i + 1] & 0xff) << 8;
                i += 2;
                if (script.length - i < len) break;
                i += len;
            } else if (op == OP_PUSHDATA4) {
                if (script.length - i < 4) break;
                long len = ((script[i] & 0xff) | (script[i + 1] & 0xff) << 8 | (script[i + 2] & 0xff) << 16 | (long) (script[i + 3] & 0xff) << 24);
                i += 4;
                if (script.length - i < len) break;
                i += (int) len;
            } else if (op == OP_CHECKSIG || op == OP_CHECKSIGVERIFY) {
                n += 1;
            } else if (op == OP_CHECKMULTISIG || op == OP_CHECKMULTISIGVERIFY) {
                n += MAX_PUBKEYS_PER_MULTISIG;
            }
        }
        return n;
    }
}
