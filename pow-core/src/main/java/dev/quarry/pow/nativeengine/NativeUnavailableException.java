package dev.quarry.pow.nativeengine;

/** The native engine cannot be used here; the message says why (library, platform or CPU). */
public final class NativeUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NativeUnavailableException(String message) {
        super(message);
    }

    public NativeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
