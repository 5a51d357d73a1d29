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
import java.util.function.Consumer;
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

    private Path segment(long number) {
        return dir.resolve(String.format("%020d%s", number, SUFFIX));
    }

    /**
     * Hands every share of the segments found at open to {@code sink}, in log order, in chunks of
     * at most {@code chunk}. Truncates a torn tail of the newest segment. Returns the number of shares.
     */
    long recover(int chunk, Consumer<List<AcceptedShare>> sink) throws IOException {
        long total = 0;
        CRC32C crc = new CRC32C();
        for (int i = 0; i < recovered.size(); i++) {
            long number = recovered.get(i);
            boolean newest = i == recovered.size() - 1;
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment(number)));
            List<AcceptedShare> shares = new ArrayList<>(Math.min(chunk, 4096));
            AcceptedShare s;
            while ((s = ShareRecordCodec.decode(bytes, crc)) != null) {
                shares.add(s);
                total++;
                if (shares.size() == chunk) {
                    sink.accept(shares);
                    shares = new ArrayList<>(chunk);
                }
            }
            if (!shares.isEmpty()) sink.accept(shares);
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

    /** Deletes the recovered segments (their shares are stored) and starts a new one. */
    void startAfterRecovery() throws IOException {
        long next = recovered.isEmpty() ? 1 : recovered.get(recovered.size() - 1) + 1;
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
