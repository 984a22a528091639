package io.mediagateway.support;

import java.util.List;

/** The names of this JVM's live threads: how tests see that a component left no thread behind. */
public final class LiveThreads {

    private LiveThreads() {
    }

    /** Names of the live threads whose name starts with {@code prefix}. */
    public static List<String> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }
}
