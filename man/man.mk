# Man pages: mdoc sources installed as they are.
MAN8 := $(filter-out %.part.8,$(wildcard man/*.8))
MAN5 := $(wildcard man/*.5)
MAN1 := $(wildcard man/*.1)

.PHONY: install-man install-data lint-man
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	for m in $(MAN1); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in $(MAN5); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in $(MAN8); do install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/; done

install-data:
	install -d $(DESTDIR)$(DATADIR)/themes
	for t in $(wildcard themes/*.json); do install -m 0644 $$t $(DESTDIR)$(DATADIR)/themes/; done

lint-man:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN8)
