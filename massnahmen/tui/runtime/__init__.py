"""The app shell and the machinery under the screens: the database gate, work in quiet seconds,
keys in order, kept styles, the palette, and the one module touching Textual's private names."""
