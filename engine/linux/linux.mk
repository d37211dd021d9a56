# The Linux driver's unit tests that need no running container: seccomp,
# capabilities and cgroups.  Included from engine/engine.mk after
# ENGINE_LIB is set; ENGINE_LIB already holds every engine/linux/*.c.
ifeq ($(OS),Linux)
LINUX_UNIT_TESTS := test_linux_seccomp test_linux_caps test_linux_cgroup \
	test_linux_devices test_linux_mount_opts test_linux_mountinfo
$(foreach t,$(LINUX_UNIT_TESTS),\
	$(eval $(call unit_test,$(t),$(B)/librunj.a,$$(ENGINE_LIBS))))
endif
