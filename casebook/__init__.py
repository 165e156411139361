"""Casebook: content model, validation and page/data generation for the
学习型社会建设 case repository. Plain Python; MkDocs only calls into it."""
