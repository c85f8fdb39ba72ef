package io.govstream.cli.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver on loopback, as a collector or Jaeger serves it ({@code POST
 * /v1/traces}, protobuf {@code ExportTraceServiceRequest}): keeps every span it is sent, with its
 * service's name. It reads only the fields a test looks at, straight off the protobuf wire format.
 */
final class OtlpReceiver implements AutoCloseable {
    /** A received span: ids as lower-case hex, parent "" for a root, kind as OTLP numbers it (2 server, 4 producer, 5 consumer). */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                        Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || !"application/x-protobuf".equals(type)) {
                refused.add(exchange.getRequestMethod() + " " + type);
                exchange.sendResponseHeaders(415, -1);
            } else {
                spans.addAll(exportRequest(ByteBuffer.wrap(body)));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
            }
            exchange.close();
        });
        server.start();
    }

    /** The base URL to configure as the OTLP endpoint. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Requests that were not OTLP/HTTP protobuf. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ExportTraceServiceRequest: 1 resource_spans
    private static List<ReceivedSpan> exportRequest(ByteBuffer in) {
        List<ReceivedSpan> out = new ArrayList<>();
        forEachField(in, (field, value) -> {
            if (field == 1) {
                resourceSpans((ByteBuffer) value, out);
            }
        });
        return out;
    }

    // ResourceSpans: 1 resource (1 attributes), 2 scope_spans (2 spans)
    private static void resourceSpans(ByteBuffer in, List<ReceivedSpan> out) {
        Map<String, String> resource = new LinkedHashMap<>();
        List<ByteBuffer> spans = new ArrayList<>();
        forEachField(in, (field, value) -> {
            if (field == 1) {
                forEachField((ByteBuffer) value, (f, v) -> {
                    if (f == 1) {
                        keyValue((ByteBuffer) v, resource);
                    }
                });
            } else if (field == 2) {
                forEachField((ByteBuffer) value, (f, v) -> {
                    if (f == 2) {
                        spans.add((ByteBuffer) v);
                    }
                });
            }
        });
        for (ByteBuffer span : spans) {
            out.add(span(span, resource.get("service.name")));
        }
    }

    // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes
    private static ReceivedSpan span(ByteBuffer in, String service) {
        String[] ids = {"", "", ""};
        String[] name = {""};
        int[] kind = {0};
        Map<String, String> attributes = new LinkedHashMap<>();
        forEachField(in, (field, value) -> {
            switch (field) {
                case 1 -> ids[0] = hex((ByteBuffer) value);
                case 2 -> ids[1] = hex((ByteBuffer) value);
                case 4 -> ids[2] = hex((ByteBuffer) value);
                case 5 -> name[0] = utf8((ByteBuffer) value);
                case 6 -> kind[0] = ((Long) value).intValue();
                case 9 -> keyValue((ByteBuffer) value, attributes);
                default -> { }
            }
        });
        return new ReceivedSpan(service, ids[0], ids[1], ids[2], name[0], kind[0], attributes);
    }

    // KeyValue: 1 key, 2 value (AnyValue: 1 string, 3 int)
    private static void keyValue(ByteBuffer in, Map<String, String> into) {
        String[] key = {""};
        String[] text = {null};
        forEachField(in, (field, value) -> {
            if (field == 1) {
                key[0] = utf8((ByteBuffer) value);
            } else if (field == 2) {
                forEachField((ByteBuffer) value, (f, v) -> {
                    if (f == 1) {
                        text[0] = utf8((ByteBuffer) v);
                    } else if (f == 3) {
                        text[0] = Long.toString((Long) v);
                    }
                });
            }
        });
        into.put(key[0], text[0]);
    }

    private interface FieldVisitor {
        /** @param value a Long (varint, fixed64, fixed32) or a ByteBuffer (length-delimited) */
        void field(int number, Object value);
    }

    private static void forEachField(ByteBuffer in, FieldVisitor visitor) {
        ByteBuffer buffer = in.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            long tag = varint(buffer);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> visitor.field(number, varint(buffer));
                case 1 -> visitor.field(number, buffer.getLong());
                case 2 -> {
                    int length = (int) varint(buffer);
                    ByteBuffer value = buffer.slice(buffer.position(), length);
                    buffer.position(buffer.position() + length);
                    visitor.field(number, value);
                }
                case 5 -> visitor.field(number, (long) buffer.getInt());
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in tag " + tag);
            }
        }
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static String hex(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String utf8(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
