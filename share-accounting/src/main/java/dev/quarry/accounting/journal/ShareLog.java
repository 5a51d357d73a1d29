package dev.quarry.accounting.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The journal's write-ahead log: append-only segment files {@code <number>.qlog} in one
 * directory, each a sequence of {@link ShareRecordCodec} frames. Appends are sequential writes
 * and one {@code fdatasync} per batch, which is what makes a group commit cheap; the database
 * behind it then takes its time.
 *
 * <p>A crash can only tear the end of the newest segment (a segment is synced before the next one
 * is started), so recovery truncates a bad tail there and refuses to start on a bad frame anywhere
 * else (that is corruption, for an operator to look at, not something to skip silently).
 *
 * <p>Every record has a log position, {@code segment << 32 | byte offset after the record}, which
 * only grows: segment numbers continue across restarts, past any position the database says it
 * holds. The database stores the position its shares reach, and recovery skips what lies at or
 * below it, so replaying a log twice stores nothing twice.
 *
 * <p>Not thread-safe: appends come from the journal's writer thread; {@link #deleteBefore} from
 * its database thread (the only caller) touches only closed segments.
 */
final class ShareLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShareLog.class);
    static final String SUFFIX = ".qlog";

    private final Path dir;
    private final long segmentBytes;
    private final List<Long> recovered = new ArrayList<>();
    private FileChannel current;
    private volatile long currentNumber;
    private long currentSize;
    /** Oldest segment not yet deleted (segments are numbered consecutively from here to current). */
    private long oldestKept;
    private long skippedAtRecovery;

    private ShareLog(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens (creating) the log directory; existing segments are left for {@link #recover}. */
    static ShareLog open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        ShareLog l = new ShareLog(dir, segmentBytes);
        l.recovered.addAll(segmentNumbers(dir));
        return l;
    }

    static List<Long> segmentNumbers(Path dir) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                try {
                    numbers.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException notOurs) {
                    log.warn("ignoring {} in the journal log directory", p);
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    /** The position {@code offset} bytes into segment {@code segment}. */
    static long position(long segment, long offset) {
        if (offset < 0 || offset >= (1L << 32)) throw new IllegalArgumentException("segment offset out of range: " + offset);
        return (segment << 32) | offset;
    }

    static long segmentOf(long position) {
        return position >>> 32;
    }

    /** The position after the last byte written so far. */
    long position() {
        return position(currentNumber, currentSize);
    }

    /** A chunk of recovered shares and the log position after its last record. */
    interface RecoverySink {
        void accept(List<AcceptedShare> shares, long endPosition);
    }

    private Path segment(long number) {
        return dir.resolve(String.format("%020d%s", number, SUFFIX));
    }

    /**
     * Hands every share of the segments found at open that lies after {@code storedUpTo} to
     * {@code sink}, in log order, in chunks of at most {@code chunk}. Truncates a torn tail of the
     * newest segment. Returns the number of shares handed over; {@link #skippedAtRecovery()} tells
     * how many were skipped as already stored.
     */
    long recover(int chunk, long storedUpTo, RecoverySink sink) throws IOException {
        long total = 0;
        CRC32C crc = new CRC32C();
        for (int i = 0; i < recovered.size(); i++) {
            long number = recovered.get(i);
            boolean newest = i == recovered.size() - 1;
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment(number)));
            List<AcceptedShare> shares = new ArrayList<>(Math.min(chunk, 4096));
            AcceptedShare s;
            while ((s = ShareRecordCodec.decode(bytes, crc)) != null) {
                if (position(number, bytes.position()) <= storedUpTo) {
                    skippedAtRecovery++;
                    continue;
                }
                shares.add(s);
                total++;
                if (shares.size() == chunk) {
                    sink.accept(shares, position(number, bytes.position()));
                    shares = new ArrayList<>(chunk);
                }
            }
            if (!shares.isEmpty()) sink.accept(shares, position(number, bytes.position()));
            if (bytes.hasRemaining()) {
                if (!newest) {
                    throw new IOException("journal log segment " + segment(number) + " is corrupt at byte " + bytes.position()
                            + " (not its end, so not a torn write); the shares after it are not recovered: move the file aside"
                            + " after inspecting it and restart");
                }
                log.warn("journal log {}: discarding a torn write of {} bytes at its end (a crash during an append that was never acknowledged)",
                        segment(number).getFileName(), bytes.remaining());
                try (FileChannel ch = FileChannel.open(segment(number), StandardOpenOption.WRITE)) {
                    ch.truncate(bytes.position());
                    ch.force(true);
                }
            }
        }
        return total;
    }

    /** Bytes in the segments found at open (what {@link #recover} will read). */
    long recoverableBytes() throws IOException {
        long bytes = 0;
        for (long n : recovered) bytes += Files.size(segment(n));
        return bytes;
    }

    /** Shares that {@link #recover} found already stored (at or below the database's position). */
    long skippedAtRecovery() {
        return skippedAtRecovery;
    }

    /**
     * Deletes the recovered segments (their shares are stored) and starts a new one, numbered
     * after every segment seen and after the database's position {@code storedUpTo}.
     */
    void startAfterRecovery(long storedUpTo) throws IOException {
        long next = Math.max(recovered.isEmpty() ? 1 : recovered.get(recovered.size() - 1) + 1, segmentOf(storedUpTo) + 1);
        for (long n : recovered) Files.deleteIfExists(segment(n));
        recovered.clear();
        oldestKept = next;
        openSegment(next);
    }

    private void openSegment(long number) throws IOException {
        current = FileChannel.open(segment(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        currentNumber = number;
        currentSize = 0;
        syncDirectory();
    }

    /** Makes the creation or deletion of segment files durable. */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException notSupported) {
            // Some platforms cannot open a directory; the file data itself is still synced.
        }
    }

    /** The segment the next append goes to. */
    long currentSegment() {
        return currentNumber;
    }

    /** Writes {@code frames} (position to limit) to the current segment, rolling to a new one first when it is full. */
    void write(ByteBuffer frames) throws IOException {
        if (currentSize > 0 && currentSize + frames.remaining() > segmentBytes) {
            current.force(false);
            current.close();
            openSegment(currentNumber + 1);
        }
        while (frames.hasRemaining()) currentSize += current.write(frames);
    }

    /** fdatasync of the current segment: everything written is durable when this returns. */
    void sync() throws IOException {
        current.force(false);
    }

    /** Deletes closed segments numbered below {@code number}: all their shares are in the database. */
    void deleteBefore(long number) {
        // No directory listing: this runs after every database transaction, and the segments
        // still on disk are exactly oldestKept..currentNumber.
        long end = Math.min(number, currentNumber);
        if (oldestKept >= end) return;
        try {
            for (; oldestKept < end; oldestKept++) Files.deleteIfExists(segment(oldestKept));
            syncDirectory();
        } catch (IOException e) {
            log.warn("cannot delete applied journal log segments (they will be replayed harmlessly at the next start)", e);
        }
    }

    /** Closes the current segment; with {@code deleteAll}, every segment (all shares are stored) is removed. */
    void close(boolean deleteAll) {
        try {
            if (current != null) {
                current.force(false);
                current.close();
            }
            if (deleteAll) {
                for (long n : segmentNumbers(dir)) Files.deleteIfExists(segment(n));
                syncDirectory();
            }
        } catch (IOException e) {
            log.warn("closing the journal log", e);
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
