namespace EENet.Repro.Data;

/// <summary>Everything the kit knows about a dataset apart from its files: shape, classes, normalisation.</summary>
public sealed record DatasetInfo(string Name, long[] Shape, string[] ClassNames, float[] Mean, float[] Std)
{
    public int NumClasses => ClassNames.Length;

    /// <summary>Generated data (see <see cref="SyntheticData"/>), never comparable to the paper.</summary>
    public bool IsSynthetic => Name.StartsWith(SyntheticData.Prefix);

    // Normalisation constants as the official code (main.py / init.py) prepares each dataset.
    public static readonly DatasetInfo Mnist = new("mnist", [1, 28, 28],
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], [0.1307f], [0.3081f]);

    /// <summary>Fashion-MNIST: an extra of the kit (not in the paper), read like MNIST with MNIST's normalisation.</summary>
    public static readonly DatasetInfo FashionMnist = new("fashion-mnist", [1, 28, 28],
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        [0.1307f], [0.3081f]);

    public static readonly DatasetInfo Cifar10 = new("cifar10", [3, 32, 32],
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        [0.4914f, 0.4822f, 0.4465f], [0.2023f, 0.1994f, 0.2010f]);

    public static readonly DatasetInfo Svhn = new("svhn", [3, 32, 32],
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    public static readonly DatasetInfo TinyImageNet = new("tiny-imagenet", [3, 64, 64],
        Enumerable.Range(0, 200).Select(i => $"class{i:D3}").ToArray(), [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    public static readonly IReadOnlyList<DatasetInfo> All = [Mnist, FashionMnist, Cifar10, Svhn, TinyImageNet];

    public static DatasetInfo Get(string name)
    {
        var key = name.Trim().ToLowerInvariant().Replace("_", "-");
        if (key.StartsWith(SyntheticData.Prefix))
        {
            return Get(key[SyntheticData.Prefix.Length..]) with { Name = key };
        }
        if (key == "tinyimagenet") key = "tiny-imagenet";
        if (key == "fashionmnist") key = "fashion-mnist";
        return All.FirstOrDefault(d => d.Name == key)
            ?? throw new ArgumentException($"Unknown dataset '{name}'. Use one of: {string.Join(", ", All.Select(d => d.Name))}.");
    }
}
