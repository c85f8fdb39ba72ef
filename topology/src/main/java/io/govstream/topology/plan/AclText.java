package io.govstream.topology.plan;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;

import java.util.Locale;

/** The human form of an ACL binding, e.g. {@code User:orbit WRITE topic governance.dispatch.requests}. */
final class AclText {

    private AclText() {
    }

    static String of(AclBinding binding) {
        String type = binding.pattern().resourceType().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String name = binding.pattern().patternType() == PatternType.PREFIXED
                ? "prefix " + binding.pattern().name()
                : binding.pattern().name();
        String permission = binding.entry().permissionType() == AclPermissionType.ALLOW ? "" : " (" + binding.entry().permissionType() + ")";
        String host = "*".equals(binding.entry().host()) ? "" : " from " + binding.entry().host();
        return binding.entry().principal() + " " + binding.entry().operation() + " " + type + " " + name + permission + host;
    }
}
