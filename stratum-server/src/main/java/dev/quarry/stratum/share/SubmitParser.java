package dev.quarry.stratum.share;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.pow.hex.Hex;
import dev.quarry.pow.hex.HexFormatException;
import dev.quarry.pow.header.StratumCodec;

/**
 * Syntax of mining.submit: {@code [worker, job_id, extranonce2, ntime, nonce (, version_bits)]},
 * all strings. ntime/nonce/version bits are 1..8 hex digits of either case (short ones are
 * left-padded: NerdMiner sends unpadded nonces); extranonce2 must be exactly
 * {@code 2 * extranonce2Size} hex digits.
 */
public final class SubmitParser {

    private SubmitParser() {
    }

    public static SubmittedShare parse(JsonNode params, int extranonce2Size) throws ShareRejectedException {
        if (params == null || !params.isArray() || params.size() < 5 || params.size() > 6) {
            throw new ShareRejectedException(RejectReason.MALFORMED, "expected 5 or 6 params");
        }
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).isTextual()) throw new ShareRejectedException(RejectReason.MALFORMED, "param " + i + " must be a string");
        }
        String worker = params.get(0).asText();
        String jobId = params.get(1).asText();
        String en2 = params.get(2).asText();
        if (en2.length() != 2 * extranonce2Size) {
            throw new ShareRejectedException(RejectReason.WRONG_EXTRANONCE2_SIZE,
                    "expected " + 2 * extranonce2Size + " hex digits, got " + en2.length());
        }
        byte[] extranonce2;
        try {
            extranonce2 = Hex.decode(en2);
        } catch (HexFormatException e) {
            throw new ShareRejectedException(RejectReason.MALFORMED, "extranonce2 is not hex");
        }
        int ntime = uint32(params.get(3).asText(), "ntime");
        int nonce = uint32(params.get(4).asText(), "nonce");
        boolean hasVersion = params.size() == 6;
        int versionBits = hasVersion ? uint32(params.get(5).asText(), "version bits") : 0;
        return new SubmittedShare(worker, jobId, extranonce2, ntime, nonce, versionBits, hasVersion);
    }

    private static int uint32(String hex, String field) throws ShareRejectedException {
        try {
            return StratumCodec.parseUint32(hex);
        } catch (IllegalArgumentException e) {
            throw new ShareRejectedException(RejectReason.MALFORMED, field + " must be 1 to 8 hex digits");
        }
    }
}
