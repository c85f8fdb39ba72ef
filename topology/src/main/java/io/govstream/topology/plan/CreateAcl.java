package io.govstream.topology.plan;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;

import java.util.List;
import java.util.concurrent.ExecutionException;

record CreateAcl(AclBinding binding) implements Action {

    @Override
    public String describe() {
        return "+ acl " + AclText.of(binding);
    }

    @Override
    public void apply(Admin admin) throws ExecutionException, InterruptedException {
        admin.createAcls(List.of(binding)).all().get();
    }
}
