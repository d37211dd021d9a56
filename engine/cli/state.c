/* state.c: runj state ID: the OCI state as JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static int
run_state(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	struct rj_state st;
	if (rj_state_get(cli->root, a->argv[0], &st, err) < 0)
		return -1;
	int rc = 0;
	if (st.status == RJ_STATUS_BROKEN) {
		rc = rj_error_set(err, EINVAL,
		    "container %s is broken (%s): only delete --force acts on "
		    "it",
		    st.id, st.problem);
	} else {
		char *text = rj_state_to_json(&st);
		printf("%s\n", text);
		free(text);
	}
	rj_state_clear(&st);
	return rc;
}

const struct cli_entry cmd_state = {
	.name = "state",
	.operands = "<container-id>",
	.summary = "print the OCI state of a container",
	.min_operands = 1,
	.max_operands = 1,
	.run = run_state,
};
