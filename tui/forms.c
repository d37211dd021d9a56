/* forms.c: the forms that make things: a container from a bundle, a
 * bundle (from an archive, a directory, a URL, a FreeBSD release or the
 * host), and the bundle editor.  The work itself is the demo library's
 * and the engine's, run as jobs; a form keeps what was typed when the
 * work fails, and checks what it can before it closes. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "bundle_edit.h"
#include "ui.h"
#include "runjutil.h"

static void
trim(char **s)
{
	char *v = *s;
	size_t n = strlen(v), lead = strspn(v, " \t");

	while (n > lead && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		v[--n] = '\0';
	memmove(v, v + lead, n - lead + 1);
}

static void
set_value(struct ui_field *f, const char *v)
{
	free(f->value);
	f->value = xstrdup(v ? v : "");
}

static void
remember_bundle(struct tui_ui *ui, const char *bundle)
{
	char *abs = realpath(bundle, NULL);

	free(ui->last_bundle);
	ui->last_bundle = abs ? abs : xstrdup(bundle);
}

static char *
cwd_path(const char *name)
{
	_cleanup_free_ char *cwd = getcwd(NULL, 0);

	return xasprintf("%s/%s", cwd ? cwd : ".", name);
}

/* The bundle a form starts with: the last one made or used, the selected
 * container's, or ./bundle. */
static char *
default_bundle(struct tui_ui *ui)
{
	const struct rj_state *st = tui_model_selected(ui->m);

	if (ui->last_bundle)
		return xstrdup(ui->last_bundle);
	if (st && st->bundle && *st->bundle)
		return xstrdup(st->bundle);
	return cwd_path("bundle");
}

/* Why a bundle directory cannot be (re)made, or NULL: it exists and
 * Replace is not ticked, or a container that is not stopped uses it. */
static char *
bundle_out_problem(struct tui_ui *ui, const char *dir, bool replace)
{
	_cleanup_strv_ char **users = NULL;
	struct stat sb;

	if (!*dir)
		return xstrdup("bundle directory: empty");
	if (stat(dir, &sb) < 0)
		return NULL;
	if (!replace)
		return xasprintf(
		    "bundle %s exists: tick Replace to overwrite it", dir);
	users = tui_model_bundle_users(ui->m, dir, true);
	if (users) {
		_cleanup_free_ char *who = strv_join(users, ", ");

		return xasprintf("bundle %s is in use by %s (created or "
				 "running): stop and delete %s first",
		    dir, who, strv_len(users) == 1 ? "it" : "them");
	}
	return NULL;
}

/* ---- create a container ---- */

static bool
validate_create(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct tui_ui *ui = arg;
	struct rj_error *err = NULL;
	_cleanup_free_ char *cfg = NULL;
	struct stat sb;

	(void)n;
	trim(&f[0].value);
	trim(&f[1].value);
	if (rj_id_check(f[0].value, &err) < 0) {
		snprintf(msg, size, "ID: %s", err->msg);
		rj_error_free(err);
		return false;
	}
	/* Said here, with the form still open, not after it closed. */
	if (tui_model_extra(ui->m, f[0].value)) {
		snprintf(msg, size, "ID %s is taken: choose another one",
		    f[0].value);
		return false;
	}
	cfg = xasprintf("%s/config.json", f[1].value);
	if (!f[1].value[0] || stat(cfg, &sb) < 0) {
		snprintf(msg, size, "bundle: no config.json in '%s'",
		    f[1].value);
		return false;
	}
	if (rj_spec_validate(f[1].value, &err) < 0) {
		snprintf(msg, size, "bundle: %s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

static char *
suggest_id(struct tui_ui *ui)
{
	for (int i = 1;; i++) {
		char *id = xasprintf("c%d", i);

		if (!tui_model_extra(ui->m, id))
			return id;
		free(id);
	}
}

char *
ui_console_for(void *arg, const char *id, const char *bundle)
{
	struct tui_ui *ui = arg;
	_cleanup_strv_ char **args = NULL;
	_cleanup_free_ char *root = NULL;
	bool terminal = false;

	if (tui_bundle_read(bundle, &args, &root, &terminal, NULL) < 0 ||
	    !terminal)
		return NULL;
	return ui_console_listen(ui, id);
}

void
ui_create(struct tui_ui *ui)
{
	struct ui_field f[2] = { { .label = "Container ID" },
		{ .label = "Bundle directory" } };

	if (!ui_memory_load(&ui->mem_create, f, 2)) {
		f[0].value = suggest_id(ui);
		f[1].value = default_bundle(ui);
	} else if (tui_model_extra(ui->m, f[0].value)) {
		set_value(&f[0], NULL);
		f[0].value = suggest_id(ui);
	}
	bool ok = ui_form(ui, "Create a container", f, 2, validate_create, ui);
	ui_memory_save(&ui->mem_create, f, 2);
	if (ok) {
		tui_model_create(ui->m, f[0].value, f[1].value);
		remember_bundle(ui, f[1].value);
		ui_memory_clear(&ui->mem_create);
	}
	ui_fields_free(f, 2);
}

/* ---- bundles: the work, in a job ---- */

struct bundle_work {
	struct tui_ui *ui;
	char *input, *sha256, *version, *arch; /* the source */
	char *out;
	char **args; /* NULL: the default shell */
	bool terminal, replace, offline;
	bool ended;
	char *what; /* for messages: the URL, the release, "the host" */
};

static void
work_free(struct bundle_work *w)
{
	free(w->input);
	free(w->sha256);
	free(w->version);
	free(w->arch);
	free(w->out);
	free(w->what);
	strv_free(w->args);
	free(w);
}

/* In the job: the demo library does it all, then process.terminal. */
static int
bundle_job(void *arg, struct rj_error **err)
{
	struct bundle_work *w = arg;
	struct rjd_bundle_opts o = {
		.out = w->out,
		.os = rj_host_os(),
		.args = w->args,
		.force = w->replace,
		.progress = tui_job_progress,
	};
	_cleanup_free_ char *scratch = NULL, *rootfs = NULL;
	_cleanup_strv_ char **args = NULL;
	_cleanup_free_ char *root = NULL;
	int rc;

	if (w->offline) {
		/* A root filesystem from the host, made beside the bundle and
		 * then made a bundle in one step. */
		_cleanup_free_ char *parent = xstrdup(w->out);

		if (mkdir_p(dirname(parent), 0755, err) < 0)
			return -1;
		free(parent);
		parent = xstrdup(w->out);
		scratch = xasprintf("%s/.runj-rootfs-XXXXXX", dirname(parent));
		if (!mkdtemp(scratch))
			return rj_error_sys(err, "mkdtemp %s", scratch);
		rootfs = xasprintf("%s/rootfs", scratch);
		tui_job_progress(NULL,
		    &(struct rjd_progress){ .phase = "root filesystem" });
		struct rjd_source src = { .input = rootfs };
		rc = rjd_rootfs(rootfs, false, err);
		if (rc == 0)
			rc = rjd_bundle_from(&src, &o, err);
		rm_rf(scratch, NULL);
	} else {
		struct rjd_source src = { .input = w->input,
			.sha256 = w->sha256,
			.version = w->version,
			.arch = w->arch };
		/* A FreeBSD release is a FreeBSD bundle wherever it is made. */
		if (w->version)
			o.os = "freebsd";
		rc = rjd_bundle_from(&src, &o, err);
	}
	if (rc < 0)
		return -1;
	/* The library writes the terminal the way runj spec does; the form
	 * says what the user wants. */
	if (tui_bundle_read(w->out, &args, &root, NULL, err) < 0 ||
	    tui_bundle_write(w->out, args, root, w->terminal, err) < 0)
		return -1;
	return 0;
}

static void
bundle_done(struct tui_job *j, void *arg)
{
	struct bundle_work *w = arg;
	struct tui_ui *ui = w->ui;

	w->ended = true;
	if (j->error) {
		/* The form keeps what was typed for the next try. */
		tui_model_status(ui->m, true, "new bundle %s: %s", w->out,
		    j->error);
		return;
	}
	remember_bundle(ui, w->out);
	ui_memory_clear(w->offline ? &ui->mem_rootfs : &ui->mem_bundle);
	/* What to do next comes first: a long URL may not fit. */
	tui_model_status(ui->m, false,
	    "bundle %s ready: press c to create a container from it (from "
	    "%s)",
	    ui->last_bundle, w->what);
}

/* The job's on_done frees nothing: the work is freed once the box is
 * gone or, in the background, by this wrapper. */
static void
bundle_done_bg(struct tui_job *j, void *arg)
{
	struct bundle_work *w = arg;
	bool bg = j->background;

	bundle_done(j, arg);
	if (bg)
		work_free(w);
}

static void
run_bundle(struct tui_ui *ui, struct bundle_work *w, const char *title)
{
	struct tui_job *j = tui_job_start(title, bundle_job, w, true,
	    bundle_done_bg, w);

	/* In the box until done, or in the background (then the job frees
	 * w when it ends). */
	if (ui_job_box(ui, j, &w->ended, true))
		work_free(w);
}

/* ---- a bundle from an archive, a directory or a URL ---- */

enum {
	NB_INPUT,
	NB_SHA,
	NB_OUT,
	NB_ARGS,
	NB_TERM,
	NB_REPLACE,
	NB_N
};

static bool
validate_args(const char *text, char *msg, size_t size)
{
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;

	if (tui_argv_split(text, &args, &err) < 0) {
		snprintf(msg, size, "process args: %s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

static bool
validate_new(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct tui_ui *ui = arg;
	_cleanup_free_ char *problem = NULL;
	char sha[RJD_SHA256_HEX_LEN + 1];
	struct rj_error *err = NULL;
	struct stat sb;

	(void)n;
	for (int i = 0; i < NB_TERM; i++)
		trim(&f[i].value);
	if (!f[NB_INPUT].value[0]) {
		snprintf(msg, size,
		    "archive: give a file, a directory or an http, https or "
		    "file URL");
		return false;
	}
	if (!rjd_is_url(f[NB_INPUT].value) &&
	    stat(f[NB_INPUT].value, &sb) < 0) {
		snprintf(msg, size, "archive %s: %s", f[NB_INPUT].value,
		    strerror(errno));
		return false;
	}
	if (f[NB_SHA].value[0] &&
	    rjd_sha256_parse(f[NB_SHA].value, sha, &err) < 0) {
		snprintf(msg, size, "%s", err->msg);
		rj_error_free(err);
		return false;
	}
	if ((problem = bundle_out_problem(ui, f[NB_OUT].value,
		 f[NB_REPLACE].checked))) {
		snprintf(msg, size, "%s", problem);
		return false;
	}
	return validate_args(f[NB_ARGS].value, msg, size);
}

static void
new_from_archive(struct tui_ui *ui)
{
	struct ui_field f[NB_N] = {
		[NB_INPUT] = { .label = "Archive, directory or URL" },
		[NB_SHA] = { .label = "SHA-256 (optional)" },
		[NB_OUT] = { .label = "Bundle directory" },
		[NB_ARGS] = { .label = "Process args" },
		[NB_TERM] = { .label = "Terminal (a attaches)",
		    .checkbox = true,
		    .checked = true },
		[NB_REPLACE] = { .label = "Replace existing",
		    .checkbox = true },
	};
	struct bundle_work *w;

	if (!ui_memory_load(&ui->mem_bundle, f, NB_N)) {
		for (int i = 0; i < NB_N; i++)
			set_value(&f[i], "");
		set_value(&f[NB_ARGS], "sh");
		free(f[NB_OUT].value);
		f[NB_OUT].value = cwd_path("bundle");
	}
	bool ok = ui_form(ui,
	    "New bundle from an archive, a directory or a URL", f, NB_N,
	    validate_new, ui);
	ui_memory_save(&ui->mem_bundle, f, NB_N);
	if (!ok) {
		ui_fields_free(f, NB_N);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->ui = ui;
	w->input = xstrdup(f[NB_INPUT].value);
	w->sha256 = f[NB_SHA].value[0] ? xstrdup(f[NB_SHA].value) : NULL;
	w->out = xstrdup(f[NB_OUT].value);
	tui_argv_split(f[NB_ARGS].value, &w->args, NULL);
	w->terminal = f[NB_TERM].checked;
	w->replace = f[NB_REPLACE].checked;
	w->what = xstrdup(w->input);
	ui_fields_free(f, NB_N);
	run_bundle(ui, w,
	    rjd_is_url(w->input) ? "Downloading and making the bundle"
				 : "Making the bundle");
}

/* ---- a bundle from a FreeBSD release ---- */

struct release_list {
	bool ended;
	bool abandoned; /* the UI quit while it ran: on_done frees it */
	char *arch;
	char **names;
	bool from_site;
	char *error;
};

static int
releases_job(void *arg, struct rj_error **err)
{
	const struct release_list *r = arg;
	struct rjd_download_opts o = { .arch = r->arch,
		.connect_timeout = 10,
		.stall_timeout = 10,
		.progress = tui_job_progress };
	_cleanup_strv_ char **v = NULL;
	bool site;

	if (rjd_freebsd_releases(&o, &v, &site, err) < 0)
		return -1;
	tui_job_say("%s", site ? "site" : "builtin");
	for (size_t i = 0; v[i]; i++)
		tui_job_say("%s", v[i]);
	return 0;
}

static void
release_list_free(struct release_list *r)
{
	free(r->arch);
	free(r->error);
	strv_free(r->names);
	free(r);
}

static void
releases_done(struct tui_job *j, void *arg)
{
	struct release_list *r = arg;
	size_t n = 0;

	if (r->abandoned) {
		release_list_free(r);
		return;
	}
	r->ended = true;
	if (j->error) {
		r->error = xstrdup(j->error);
		return;
	}
	for (char *line = j->output; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (line == j->output) {
			r->from_site = strcmp(line, "site") == 0;
		} else {
			r->names = xrealloc(r->names,
			    (n + 2) * sizeof(*r->names));
			r->names[n++] = xstrdup(line);
			r->names[n] = NULL;
		}
		line = nl ? nl + 1 : NULL;
	}
}

static const char *const arches[] = { "amd64", "arm64", "i386", "riscv64",
	"powerpc64", "powerpc64le", "armv7" };

/* Picks a version (and architecture): false when cancelled. */
static bool
pick_release(struct tui_ui *ui, char **version, char **arch)
{
	_cleanup_free_ char *a = xstrdup(
	    ui->release_arch ? ui->release_arch : "amd64");

	for (;;) {
		struct release_list *r = xcalloc(1, sizeof(*r));
		_cleanup_free_ char *title =
		    xasprintf("FreeBSD releases for %s", a);
		struct tui_job *j;

		r->arch = xstrdup(a);
		j = tui_job_start(title, releases_job, r, true, releases_done,
		    r);
		/* The list is small: no background for it. */
		if (!ui_job_box(ui, j, &r->ended, false)) {
			r->abandoned = true; /* quitting */
			return false;
		}
		if (r->error) {
			tui_model_status(ui->m, true, "FreeBSD releases: %s",
			    r->error);
			release_list_free(r);
			return false;
		}
		size_t n = strv_len(r->names);
		const char **items = xcalloc(n + 1, sizeof(*items));
		for (size_t i = 0; i < n; i++)
			items[i] = r->names[i];
		_cleanup_free_ char *other =
		    xasprintf("another architecture (now %s)...", a);
		items[n] = other;
		_cleanup_free_ char *mt = xasprintf("FreeBSD release for %s%s",
		    a,
		    r->from_site ? ""
				 : " (built-in list: the site did not "
				   "answer)");
		int c = ui_menu(ui, mt, items, NULL, (int)n + 1, 0, NULL, NULL);
		free(items);
		if (c >= 0 && (size_t)c < n) {
			*version = xstrdup(r->names[c]);
			*arch = xstrdup(a);
			release_list_free(r);
			return true;
		}
		release_list_free(r);
		if (c < 0)
			return false;
		c = ui_menu(ui, "Architecture", arches, NULL,
		    (int)ARRAY_SIZE(arches), 0, NULL, NULL);
		if (c < 0)
			return false;
		free(a);
		a = xstrdup(arches[c]);
	}
}

enum {
	NR_OUT,
	NR_ARGS,
	NR_TERM,
	NR_REPLACE,
	NR_N
};

static bool
validate_release(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct tui_ui *ui = arg;
	_cleanup_free_ char *problem = NULL;

	(void)n;
	trim(&f[NR_OUT].value);
	if ((problem = bundle_out_problem(ui, f[NR_OUT].value,
		 f[NR_REPLACE].checked))) {
		snprintf(msg, size, "%s", problem);
		return false;
	}
	return validate_args(f[NR_ARGS].value, msg, size);
}

static void
new_from_release(struct tui_ui *ui)
{
	struct ui_field f[NR_N] = {
		[NR_OUT] = { .label = "Bundle directory" },
		[NR_ARGS] = { .label = "Process args" },
		[NR_TERM] = { .label = "Terminal (a attaches)",
		    .checkbox = true,
		    .checked = true },
		[NR_REPLACE] = { .label = "Replace existing",
		    .checkbox = true },
	};
	_cleanup_free_ char *version = NULL, *arch = NULL, *title = NULL;
	struct bundle_work *w;

	if (!pick_release(ui, &version, &arch))
		return;
	free(ui->release_arch);
	ui->release_arch = xstrdup(arch);
	_cleanup_free_ char *name = xasprintf("freebsd-%s", version);
	f[NR_OUT].value = cwd_path(name);
	f[NR_ARGS].value = xstrdup("sh");
	f[NR_TERM].value = xstrdup("");
	f[NR_REPLACE].value = xstrdup("");
	title = xasprintf("New bundle: FreeBSD %s for %s (checked against "
			  "its MANIFEST)",
	    version, arch);
	if (!ui_form(ui, title, f, NR_N, validate_release, ui)) {
		ui_fields_free(f, NR_N);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->ui = ui;
	w->version = xstrdup(version);
	w->arch = xstrdup(arch);
	w->out = xstrdup(f[NR_OUT].value);
	tui_argv_split(f[NR_ARGS].value, &w->args, NULL);
	w->terminal = f[NR_TERM].checked;
	w->replace = f[NR_REPLACE].checked;
	w->what = xasprintf("FreeBSD %s %s", version, arch);
	ui_fields_free(f, NR_N);
	run_bundle(ui, w, "Downloading FreeBSD and making the bundle");
}

void
ui_new_bundle(struct tui_ui *ui)
{
	static const char *const items[] = {
		"an archive, a directory or a URL (http, https, file)",
		"a FreeBSD release (download.freebsd.org, MANIFEST checked)",
		"the host: busybox or /rescue, offline",
	};
	int c = ui_menu(ui, "New bundle from...", items, NULL,
	    (int)ARRAY_SIZE(items), 0, NULL, NULL);

	if (c == 0)
		new_from_archive(ui);
	else if (c == 1)
		new_from_release(ui);
	else if (c == 2)
		ui_offline_rootfs(ui);
}

/* ---- a root filesystem made offline ---- */

enum {
	NO_OUT,
	NO_ARGS,
	NO_TERM,
	NO_REPLACE,
	NO_N
};

static bool
validate_rootfs(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct tui_ui *ui = arg;
	_cleanup_free_ char *problem = NULL;

	(void)n;
	trim(&f[NO_OUT].value);
	if ((problem = bundle_out_problem(ui, f[NO_OUT].value,
		 f[NO_REPLACE].checked))) {
		snprintf(msg, size, "%s", problem);
		return false;
	}
	return validate_args(f[NO_ARGS].value, msg, size);
}

void
ui_offline_rootfs(struct tui_ui *ui)
{
	struct ui_field f[NO_N] = {
		[NO_OUT] = { .label = "Bundle directory" },
		[NO_ARGS] = { .label = "Process args" },
		[NO_TERM] = { .label = "Terminal (a attaches)",
		    .checkbox = true,
		    .checked = true },
		[NO_REPLACE] = { .label = "Replace existing",
		    .checkbox = true },
	};
	struct bundle_work *w;

	if (!ui_memory_load(&ui->mem_rootfs, f, NO_N)) {
		f[NO_OUT].value = cwd_path("bundle");
		f[NO_ARGS].value = xstrdup("sh");
		f[NO_TERM].value = xstrdup("");
		f[NO_REPLACE].value = xstrdup("");
	}
	bool ok = ui_form(ui,
	    "New bundle, root filesystem from the host (offline)", f, NO_N,
	    validate_rootfs, ui);
	ui_memory_save(&ui->mem_rootfs, f, NO_N);
	if (!ok) {
		ui_fields_free(f, NO_N);
		return;
	}
	w = xcalloc(1, sizeof(*w));
	w->ui = ui;
	w->offline = true;
	w->out = xstrdup(f[NO_OUT].value);
	tui_argv_split(f[NO_ARGS].value, &w->args, NULL);
	w->terminal = f[NO_TERM].checked;
	w->replace = f[NO_REPLACE].checked;
	w->what = xstrdup("the host");
	ui_fields_free(f, NO_N);
	run_bundle(ui, w, "Making the bundle from the host");
}

/* ---- edit a bundle ---- */

struct edit_ctx {
	const char *bundle;
};

enum {
	NE_ARGS,
	NE_TERM,
	NE_ROOT,
	NE_N
};

static bool
validate_edit(void *arg, struct ui_field *f, int n, char *msg, size_t size)
{
	struct edit_ctx *c = arg;
	_cleanup_strv_ char **args = NULL;
	struct rj_error *err = NULL;

	(void)n;
	trim(&f[NE_ROOT].value);
	if (tui_argv_split(f[NE_ARGS].value, &args, &err) < 0 ||
	    tui_bundle_write(c->bundle, args, f[NE_ROOT].value,
		f[NE_TERM].checked, &err) < 0) {
		snprintf(msg, size, "%s", err->msg);
		rj_error_free(err);
		return false;
	}
	return true;
}

void
ui_edit_bundle(struct tui_ui *ui)
{
	struct ui_field b[1] = { { .label = "Bundle directory" } };
	struct ui_field f[NE_N] = {
		[NE_ARGS] = { .label = "Process args" },
		[NE_TERM] = { .label = "Terminal (a attaches)",
		    .checkbox = true },
		[NE_ROOT] = { .label = "Root path" },
	};
	_cleanup_strv_ char **args = NULL;
	_cleanup_free_ char *root = NULL;
	struct rj_error *err = NULL;
	struct edit_ctx c;
	bool terminal = false;

	b[0].value = default_bundle(ui);
	if (!ui_form(ui, "Edit a bundle: which one?", b, 1, NULL, NULL)) {
		ui_fields_free(b, 1);
		return;
	}
	trim(&b[0].value);
	if (tui_bundle_read(b[0].value, &args, &root, &terminal, &err) < 0) {
		tui_model_error(ui->m, err);
		ui_fields_free(b, 1);
		return;
	}
	/* Every arg, whole: the field has no length limit. */
	f[NE_ARGS].value = tui_argv_join(args);
	f[NE_TERM].value = xstrdup("");
	f[NE_TERM].checked = terminal;
	f[NE_ROOT].value = xstrdup(root);
	c.bundle = b[0].value;
	if (ui_form(ui,
		"Edit the bundle's process args, terminal and root path", f,
		NE_N, validate_edit, &c)) {
		remember_bundle(ui, b[0].value);
		tui_model_status(ui->m, false,
		    "saved %s/config.json (a container created from it now "
		    "runs: %s)",
		    b[0].value, f[NE_ARGS].value);
	}
	ui_fields_free(f, NE_N);
	ui_fields_free(b, 1);
}
