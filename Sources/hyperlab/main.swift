print("hyperlab")
