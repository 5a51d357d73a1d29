package dev.quarry.stratum.session;

import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.header.StratumCodec;
import dev.quarry.stratum.codec.JsonRpcWriter;
import dev.quarry.stratum.job.Job;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Serializes mining.notify (exactly 9 params, stratum-v1.md §4.1) and the other server-to-miner notifications. */
public final class NotifyEncoder {

    private NotifyEncoder() {
    }

    public static ByteBuf notify(ByteBufAllocator alloc, Job job, boolean clean) {
        return JsonRpcWriter.notification(alloc, "mining.notify", g -> {
            g.writeString(job.jobId());
            g.writeString(StratumCodec.prevHashToStratum(job.prevHash()));
            g.writeString(Hex.encode(job.coinb1()));
            g.writeString(Hex.encode(job.coinb2()));
            g.writeStartArray();
            for (byte[] b : job.merkleBranch()) g.writeString(Hex.encode(b));
            g.writeEndArray();
            g.writeString(StratumCodec.uint32Hex(job.version()));
            g.writeString(StratumCodec.uint32Hex(job.bits()));
            g.writeString(StratumCodec.uint32Hex(job.ntime()));
            g.writeBoolean(clean);
        });
    }

    public static ByteBuf setDifficulty(ByteBufAllocator alloc, double difficulty) {
        return JsonRpcWriter.notification(alloc, "mining.set_difficulty", g -> JsonRpcWriter.writeDifficulty(g, difficulty));
    }

    public static ByteBuf setVersionMask(ByteBufAllocator alloc, int mask) {
        return JsonRpcWriter.notification(alloc, "mining.set_version_mask", g -> g.writeString(StratumCodec.uint32Hex(mask)));
    }

    public static ByteBuf setExtranonce(ByteBufAllocator alloc, byte[] extranonce1, int extranonce2Size) {
        return JsonRpcWriter.notification(alloc, "mining.set_extranonce", g -> {
            g.writeString(Hex.encode(extranonce1));
            g.writeNumber(extranonce2Size);
        });
    }

    /** client.reconnect [host, port, wait]; null host/port are sent as null ("unchanged"). */
    public static ByteBuf reconnect(ByteBufAllocator alloc, String host, Integer port, int waitSeconds) {
        return JsonRpcWriter.notification(alloc, "client.reconnect", g -> {
            if (host == null) g.writeNull();
            else g.writeString(host);
            if (port == null) g.writeNull();
            else g.writeNumber(port);
            g.writeNumber(waitSeconds);
        });
    }

    public static ByteBuf showMessage(ByteBufAllocator alloc, String text) {
        return JsonRpcWriter.notification(alloc, "client.show_message", g -> g.writeString(text));
    }
}
