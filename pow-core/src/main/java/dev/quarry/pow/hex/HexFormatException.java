package dev.quarry.pow.hex;

/** Thrown when a string is not valid hexadecimal of the expected shape; the message names the problem. */
public class HexFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public HexFormatException(String message) {
        super(message);
    }
}
