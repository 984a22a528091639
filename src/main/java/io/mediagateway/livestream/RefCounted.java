package io.mediagateway.livestream;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shared things by key, counted: the first {@link #acquire} creates one, later ones share it, and the last
 * {@link #release} closes it. Not thread-safe: the owner serialises calls.
 */
final class RefCounted<K, V> {

    /** Creates a value; may fail (then nothing is counted). */
    @FunctionalInterface
    interface Factory<K, V> {
        V create(K key) throws Exception;
    }

    private final Map<K, V> values = new HashMap<>();
    private final Map<K, Integer> counts = new HashMap<>();
    private final Consumer<V> closer;

    RefCounted(Consumer<V> closer) {
        this.closer = closer;
    }

    V acquire(K key, Factory<K, V> factory) throws Exception {
        V value = values.get(key);
        if (value == null) {
            value = factory.create(key);
            values.put(key, value);
        }
        counts.merge(key, 1, Integer::sum);
        return value;
    }

    void release(K key) {
        Integer count = counts.get(key);
        if (count == null) {
            return;
        }
        if (count > 1) {
            counts.put(key, count - 1);
            return;
        }
        counts.remove(key);
        closer.accept(values.remove(key));
    }

    /** The value for {@code key} while someone holds it, else null. */
    V get(K key) {
        return values.get(key);
    }

    int users(K key) {
        return counts.getOrDefault(key, 0);
    }

    int size() {
        return values.size();
    }

    void closeAll() {
        values.values().forEach(closer);
        values.clear();
        counts.clear();
    }
}
