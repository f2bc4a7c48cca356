package org.poolkit.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.poolkit.runtime.StoredObjects;

/**
 * Checks after each test (after its pools were closed) that nothing leaked: no {@code poolkit-} thread, no child
 * process, no remote object stored in this JVM. Waits a bounded time for them to go, then fails naming them.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {

    private static final long WAIT_MILLIS = 15_000;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("children", children());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<Long> before = context.getStore(NS).get("children", Set.class);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            List<String> threads = poolThreads();
            Set<Long> newChildren = children();
            newChildren.removeAll(before);
            int objects = StoredObjects.inThisJvm();
            if (threads.isEmpty() && newChildren.isEmpty() && objects == 0) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                fail("leak after closing the pool: threads " + threads + ", child processes " + newChildren
                        + ", remote objects still stored in this JVM: " + objects);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("poolkit-"))
                .sorted()
                .collect(Collectors.toList());
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
