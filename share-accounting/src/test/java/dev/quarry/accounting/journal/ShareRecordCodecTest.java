package dev.quarry.accounting.journal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShareRecordCodecTest {

    static AcceptedShare random(Random r) {
        byte[] hash = new byte[32];
        r.nextBytes(hash);
        String[] workers = {"demo.rig1", "c-42.antminer_s21", "ферма.rig", "矿工.1", "x".repeat(200)};
        double difficulty = switch (r.nextInt(3)) {
            case 0 -> Math.scalb(1.0, -31 + r.nextInt(40));
            case 1 -> r.nextDouble() * 1e7;
            default -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
        };
        return new AcceptedShare(hash, r.nextLong(), "c" + r.nextInt(1000), workers[r.nextInt(workers.length)],
                Long.toHexString(r.nextLong()), "00000000ffff" + "0".repeat(52), difficulty, r.nextDouble() * 1e9,
                r.nextInt(), r.nextLong(), r.nextBoolean());
    }

    static void assertSame(AcceptedShare a, AcceptedShare b) {
        assertArrayEquals(a.headerHash(), b.headerHash());
        assertEquals(a.timeMillis(), b.timeMillis());
        assertEquals(a.contractId(), b.contractId());
        assertEquals(a.worker(), b.worker());
        assertEquals(a.jobId(), b.jobId());
        assertEquals(a.shareTargetHex(), b.shareTargetHex());
        // bit for bit: settlement sums the difficulty exactly
        assertEquals(Double.doubleToRawLongBits(a.difficulty()), Double.doubleToRawLongBits(b.difficulty()));
        assertEquals(Double.doubleToRawLongBits(a.achievedDifficulty()), Double.doubleToRawLongBits(b.achievedDifficulty()));
        assertEquals(a.networkBits(), b.networkBits());
        assertEquals(a.height(), b.height());
        assertEquals(a.blockFound(), b.blockFound());
    }

    @Test
    void everyShareComesBackBitForBit() {
        Random r = new Random(7);
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(1 << 22);
        List<AcceptedShare> written = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            AcceptedShare s = random(r);
            ShareRecordCodec.encode(s, buf, crc);
            written.add(s);
        }
        buf.flip();
        for (AcceptedShare s : written) assertSame(s, ShareRecordCodec.decode(buf, crc));
        assertNull(ShareRecordCodec.decode(buf, crc));
        assertEquals(0, buf.remaining());
    }

    @Test
    void aTornOrCorruptFrameIsNotAShare() {
        Random r = new Random(11);
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        ShareRecordCodec.encode(random(r), buf, crc);
        int length = buf.position();
        for (int cut = 0; cut < length; cut++) {
            ByteBuffer torn = ByteBuffer.wrap(buf.array(), 0, cut).slice();
            assertNull(ShareRecordCodec.decode(torn, crc), "cut at " + cut);
            assertEquals(0, torn.position(), "position unchanged");
        }
        for (int bit = 0; bit < length * 8; bit += 7) {
            byte[] copy = java.util.Arrays.copyOf(buf.array(), length);
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            assertNull(ShareRecordCodec.decode(ByteBuffer.wrap(copy), crc), "bit " + bit + " flipped");
        }
    }

    @Test
    void fieldsLongerThanTheirColumnsAreRefusedBeforeTheyAreAcknowledged() {
        AcceptedShare tooLong = new AcceptedShare(new byte[32], 1, "demo", "w".repeat(201), "1", "ff", 1, 1, 1, 1, false);
        assertThrows(IllegalArgumentException.class, () -> ShareRecordCodec.checkStorable(tooLong));
        ShareRecordCodec.checkStorable(new AcceptedShare(new byte[32], 1, "demo", "w".repeat(200), "1", "ff", 1, 1, 1, 1, false));
    }
}
