package dev.quarry.stratum.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Captures what reaches Netty's loggers at WARN or above (e.g. "exceptionCaught() ... reached the tail of the pipeline"). */
public final class NettyLogWatch implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.netty");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public NettyLogWatch() {
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
