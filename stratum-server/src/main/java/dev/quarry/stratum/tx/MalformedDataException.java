package dev.quarry.stratum.tx;

/** Serialized transaction or block data that cannot be decoded. */
public class MalformedDataException extends IllegalArgumentException {
    public MalformedDataException(String message) {
        super(message);
    }
}
