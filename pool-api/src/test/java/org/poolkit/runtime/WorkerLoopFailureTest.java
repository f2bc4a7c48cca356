package org.poolkit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.poolkit.api.WorkerFunction;
import org.poolkit.spi.WorkerSetup;

/** The worker loop's last line of defence: nothing but a fatal error ends a worker. */
class WorkerLoopFailureTest {

    private static final WorkerSetup SETUP = new WorkerSetup("test-pool", 1, 1L, List.of("java.", "org.poolkit."));

    /** Throws an exception whose getMessage() throws: capturing it used to throw out of the worker. */
    private static final WorkerFunction<Object> HOSTILE = ctx -> {
        throw new IllegalStateException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new NullPointerException();
            }
        };
    };

    @Test
    void handle_functionWithHostileException_answersFailure() {
        WorkerLoop<Object> loop = WorkerLoop.objects(SETUP, 0);
        Object reply = loop.handle(new Command.Run(7, Codec.trusted().encode(HOSTILE)));
        Reply.Failed failed = assertInstanceOf(Reply.Failed.class, reply);
        assertEquals(7, failed.callId());
        assertEquals("<getMessage() threw java.lang.NullPointerException>", failed.error().message());
    }

    @Test
    void handle_framesWithHostileException_answersFailure() {
        WorkerLoop<byte[]> loop = WorkerLoop.frames(SETUP, 0);
        Frames caller = new Frames(Codec.trusted());
        byte[] reply = loop.handle(caller.command(new Command.Run(8, Codec.trusted().encode(HOSTILE))));
        Reply.Failed failed = assertInstanceOf(Reply.Failed.class, caller.reply(0, reply));
        assertEquals(8, failed.callId());
        assertEquals("<getMessage() threw java.lang.NullPointerException>", failed.error().message());
    }

    @Test
    void handle_messageThatIsNoCommand_neitherThrowsNorAnswers() {
        WorkerLoop<Object> loop = WorkerLoop.objects(SETUP, 0);
        assertNull(loop.handle("not a command"));
        assertEquals(5, loop.handle(new Command.Run(9, Codec.trusted().encode((WorkerFunction<Integer>) ctx -> 5)))
                instanceof Reply.Value v ? v.value() : null, "the worker goes on");
    }

    @Test
    void handle_repliesThatAlwaysThrow_triedTwiceAndWorkerGoesOn() {
        WorkerLoop<Object> loop = WorkerLoop.objects(SETUP, 0);
        List<Object> offered = new ArrayList<>();
        loop.handle(new Command.Run(10, Codec.trusted().encode((WorkerFunction<Integer>) ctx -> 1)), reply -> {
            offered.add(reply);
            throw new IllegalStateException("link refuses");
        });
        assertEquals(2, offered.size(), "the reply, then the failure that says it could not go");
        assertInstanceOf(Reply.Value.class, offered.get(0));
        Reply.Failed failed = assertInstanceOf(Reply.Failed.class, offered.get(1));
        assertEquals("link refuses", failed.error().message());
    }

    @Test
    void handle_fatalError_stillEndsTheWorker() {
        WorkerLoop<Object> loop = WorkerLoop.objects(SETUP, 0);
        Object run = new Command.Run(11, Codec.trusted().encode((WorkerFunction<Integer>) ctx -> 1));
        assertThrows(InternalError.class, () -> loop.handle(run, reply -> {
            throw new InternalError("the JVM is broken");
        }));
    }
}
