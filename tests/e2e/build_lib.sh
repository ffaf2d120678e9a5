# build_lib.sh - sourced by the tests that need the programs built another way
# (another PREFIX compiled in): e2e_seed_build DIR gives DIR a copy of the
# main build's objects, their dependency files pointing at DIR, so that make
# there recompiles only what the difference reaches (the few files that
# include buildconf.h), not the whole tree. Run from the source root.
e2e_seed_build() {
	[ -d "$1/obj" ] && return 0
	[ -d build/obj ] || return 0
	mkdir -p "$1"
	cp -a build/obj "$1/obj" || return 1
	find "$1/obj" -name '*.d' -exec sed -i "s|build/obj/|$1/obj/|g; s|build/gen/|$1/gen/|g" {} +
}
