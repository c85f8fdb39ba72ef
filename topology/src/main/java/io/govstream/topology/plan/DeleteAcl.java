package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

import java.util.List;
import java.util.concurrent.ExecutionException;

/** Removes an ACL the catalogue does not grant; planned only when deletes are allowed. */
record DeleteAcl(AclBinding binding) implements Action {

    @Override
    public String describe() {
        return "- acl " + AclText.of(binding);
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        // The exact binding as a filter: matches this one ACL and nothing broader.
        admin.deleteAcls(List.of(binding.toFilter())).all().get();
    }
}
