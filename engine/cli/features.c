/* features.c: runj features: runtime-spec's features JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static int
run_features(struct cli_ctx *cli, const struct cli_args *a,
    struct rj_error **err)
{
	(void)cli;
	(void)a;
	(void)err;
	char *text = rj_features_json();
	printf("%s\n", text);
	free(text);
	return 0;
}

const struct cli_entry cmd_features = {
	.name = "features",
	.operands = "",
	.summary = "print the features JSON of this runtime",
	.run = run_features,
};
