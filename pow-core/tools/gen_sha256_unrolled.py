#!/usr/bin/env python3
"""Generates pow-core/src/main/java/dev/quarry/pow/sha/Sha256Unrolled.java.

Why generated: unrolled SHA-256 code (round variables renamed instead of shuffled, the schedule expansion
unrolled with words whose value is known at build time folded into literals) is what makes a pure-Java engine
fast, and writing it by hand invites typos. Run: python3 pow-core/tools/gen_sha256_unrolled.py
"""
import os

K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]
M = 0xffffffff


def rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & M


def s0(x):
    return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)


def s1(x):
    return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10)


def lit(v):
    v &= M
    return "0x%08x" % v


def padding_words(message_bytes, data_words):
    """Constant words of the LAST block of a message of message_bytes bytes whose first data_words words vary."""
    const = {}
    total_bits = message_bytes * 8
    # data occupies words [0, data_words) of the last block; 0x80 marker follows at a word boundary here.
    const[data_words] = 0x80000000
    for i in range(data_words + 1, 14):
        const[i] = 0
    const[14] = (total_bits >> 32) & M
    const[15] = total_bits & M
    return const


def expansion(name, const, doc):
    """Schedule expansion into kw[i] = K[i] + W[i]; W values known at build time are folded into literals."""
    known = dict(const)
    lines = ["    /** %s */" % doc,
             "    static void %s(int[] w, int[] kw) {" % name]
    for i in range(16):
        if i in known:
            lines.append("        kw[%d] = %s;" % (i, lit(K[i] + known[i])))
        else:
            lines.append("        kw[%d] = w[%d] + %s;" % (i, i, lit(K[i])))
    for i in range(16, 64):
        terms = []
        c = 0
        for (idx, fn) in ((i - 2, "s1"), (i - 7, None), (i - 15, "s0"), (i - 16, None)):
            if idx in known:
                v = known[idx]
                c += (s1(v) if fn == "s1" else s0(v) if fn == "s0" else v)
            else:
                terms.append("%s(w[%d])" % (fn, idx) if fn else "w[%d]" % idx)
        c &= M
        if not terms:
            known[i] = c
            lines.append("        kw[%d] = %s;" % (i, lit(K[i] + c)))
            continue
        expr = " + ".join(terms)
        if c:
            expr += " + " + lit(c)
        lines.append("        w[%d] = %s;" % (i, expr))
        lines.append("        kw[%d] = w[%d] + %s;" % (i, i, lit(K[i])))
    lines.append("    }")
    return "\n".join(lines)


def rounds():
    v = list("abcdefgh")
    lines = ["    /**",
             "     * The 64 rounds with kw[i] = K[i] + W[i], added into state (Davies-Meyer feed-forward). A loop of 16",
             "     * unrolled rounds with renamed variables: measured on HotSpot 17 it beats both a one-round loop and a",
             "     * fully unrolled 64-round body (which C2 compiles badly). Maj(a,b,c) is computed as",
             "     * b ^ ((a ^ b) & (b ^ c)), reusing this round's a ^ b as the next round's b ^ c.",
             "     */",
             "    static void rounds(int[] st, int[] kw) {"]
    for j, n in enumerate(v):
        lines.append("        int %s = st[%d];" % (n, j))
    lines.append("        int bc = b ^ c;")
    lines.append("        int ab;")
    lines.append("        for (int i = 0; i < 64; i += 16) {")
    for r in range(16):
        a, b, c, d, e, f, g, h = v
        lines.append("            %s += (Integer.rotateRight(%s, 6) ^ Integer.rotateRight(%s, 11) ^ Integer.rotateRight(%s, 25))"
                     " + (%s ^ (%s & (%s ^ %s))) + kw[i + %d];" % (h, e, e, e, g, e, f, g, r))
        lines.append("            %s += %s;" % (d, h))
        lines.append("            ab = %s ^ %s;" % (a, b))
        lines.append("            %s += (Integer.rotateRight(%s, 2) ^ Integer.rotateRight(%s, 13) ^ Integer.rotateRight(%s, 22))"
                     " + (%s ^ (ab & bc));" % (h, a, a, a, b))
        lines.append("            bc = ab;")
        v = [h, a, b, c, d, e, f, g]
    assert v == list("abcdefgh")
    lines.append("        }")
    for j, n in enumerate(v):
        lines.append("        st[%d] += %s;" % (j, n))
    lines.append("    }")
    return "\n".join(lines)


def const_kw(name, message_bytes, doc):
    const = padding_words(message_bytes, 0)
    w = [const[i] for i in range(16)]
    for i in range(16, 64):
        w.append((s1(w[i - 2]) + w[i - 7] + s0(w[i - 15]) + w[i - 16]) & M)
    vals = [lit(K[i] + w[i]) for i in range(64)]
    rows = []
    for r in range(0, 64, 8):
        rows.append("        " + ", ".join(vals[r:r + 8]) + ("," if r < 56 else ""))
    return ("    /** %s */\n    static final int[] %s = {\n" % (doc, name)) + "\n".join(rows) + "\n    };"


def main():
    out = []
    out.append("""package dev.quarry.pow.sha;

// GENERATED by pow-core/tools/gen_sha256_unrolled.py -- do not edit by hand; edit the generator and re-run it.

/**
 * Unrolled SHA-256 pieces for the pure-Java engine: the rounds with renamed variables, the message-schedule
 * expansion, and schedules precomputed for padding that is fixed by the message length (a 64-byte message ends in
 * a block that is all padding; a 32-byte message and an 80-byte header's second block are half padding).
 */
final class Sha256Unrolled {
    private Sha256Unrolled() {
    }

    private static int s0(int x) {
        return Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
    }

    private static int s1(int x) {
        return Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
    }
""")
    out.append(const_kw("PAD_AFTER_64_BYTES_KW", 64,
                        "K + W of the block that ends every 64-byte message: 0x80, zeros, bit length 512."))
    out.append("")
    out.append(expansion("expand", {}, "Generic expansion: w[0..15] hold the block's words."))
    out.append("")
    out.append(expansion("expandLast32ByteMessage", padding_words(32, 8),
                         "Expansion for the single block of a 32-byte message (the second hash of SHA-256d): "
                         "w[0..7] hold the digest, words 8..15 are the fixed padding and are folded in."))
    out.append("")
    out.append(expansion("expandLastBlockOf80ByteMessage", padding_words(80, 4),
                         "Expansion for the second block of an 80-byte header: w[0..3] hold header bytes 64..79, "
                         "words 4..15 are the fixed padding (bit length 640) and are folded in."))
    out.append("")
    out.append(rounds())
    out.append("}")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "java", "dev", "quarry",
                        "pow", "sha", "Sha256Unrolled.java")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
